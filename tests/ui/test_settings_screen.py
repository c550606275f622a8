"""관리 › 설정 (issue 15): built from the declaration, saved with checks, the clerk's part of it, 연결 테스트
on SQLite and PostgreSQL, and the window's layout remembered per user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QScrollArea, QSpinBox, QSplitter

from app.services import settings_screen
from app.services.errors import PermissionDenied
from app.settings import SPECS, TERMINAL, load_settings


def _open_page(window):  # type: ignore[no-untyped-def]
    tab = window.show_tab("admin")
    tab.pages.setCurrentWidget(tab.settings_page)
    return tab.settings_page


def _test_connection(page, url: str) -> str:  # type: ignore[no-untyped-def]
    page.fields["db_url"].setText(url)
    page.test_button.click()  # tasks run synchronously in UI tests
    assert page.test_button.isEnabled()
    return page.test_result.text()


def test_the_admin_sees_every_declared_setting_with_its_title_and_value(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = _open_page(window)
    assert set(page.fields) == {spec.key for spec in SPECS}
    for spec in SPECS:
        assert page.labels[spec.key].text().startswith(spec.title)
        editor = page.fields[spec.key]
        assert editor.isVisibleTo(page)
        expected = {bool: QCheckBox, int: QSpinBox}.get(spec.type, QComboBox if spec.choices else QLineEdit)
        assert isinstance(editor, expected), spec.key
    assert page.fields["terminal_code"].text() == "창구-3"  # the current value, from this PC's settings
    assert page.fields["idle_lock_minutes"].value() == 5
    assert page.fields["idle_lock_minutes"].maximum() == 60
    assert page.fields["receipt_format"].currentData() == "roll80"
    assert page.findChild(QLineEdit, "setting_output_dir").placeholderText()
    assert page.findChild(object, "browse_output_dir") is not None
    assert "야간 민원실 운영시간" in page.findChild(object, "nightHours").text()
    page.grab().save("/tmp/a_shots/settings_admin.png")
    page.findChild(QScrollArea).widget().grab().save("/tmp/a_shots/settings_admin_all.png")


def test_editing_and_saving_writes_the_file_and_says_what_needs_a_restart(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = _open_page(window)
    page.fields["idle_lock_minutes"].setValue(9)
    page.fields["receipt_format"].setCurrentIndex(page.fields["receipt_format"].findData("a4"))
    page.fields["log_level"].setCurrentIndex(page.fields["log_level"].findData("DEBUG"))
    page.fields["backup_time"].setText("07:45")
    page.save_button.click()
    message = page.message.text()
    assert message.startswith("저장했습니다 (4개)")
    assert "다시 시작해야" in message and "자리비움" in message and "기록(로그) 수준" in message
    assert "영수증 용지" not in message.split("다시 시작해야", 1)[1]  # paper applies at once
    on_disk = json.loads(Path(ctx.app.settings.path).read_text(encoding="utf-8"))
    assert on_disk["version"] == 2
    assert on_disk["idle_lock_minutes"] == 9 and on_disk["receipt_format"] == "a4"
    assert on_disk["log_level"] == "DEBUG" and on_disk["backup_time"] == "07:45"
    assert on_disk["terminal_code"] == "창구-3"  # what was not changed stays
    assert ctx.app.settings.get("receipt_format") == "a4"  # the running program reads the new value
    assert load_settings(Path(ctx.app.settings.path)).get("idle_lock_minutes") == 9
    page.save_button.click()
    assert page.message.text() == "바뀐 설정이 없습니다."
    # the change is in the access log, without the values
    from app.domain.calendar import seoul_today
    from app.services import audit

    today = seoul_today()
    entries = audit.search(ctx.uow(), ctx.actor, start=today, end=today, action="settings.change")
    assert entries and "자리비움 화면 잠금" in entries[0].detail


@pytest.mark.parametrize(
    ("key", "typed"),
    [("font_point_size", 5), ("backup_time", "7시"), ("sms_http_url", "gateway.local"), ("db_url", "mysql://x/y")],
)
def test_an_invalid_value_is_refused_with_the_focus_on_its_field(ui_factory, key: str, typed: object) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = _open_page(window)
    before = Path(ctx.app.settings.path).read_text(encoding="utf-8") if Path(ctx.app.settings.path).exists() else None
    editor = page.fields[key]
    if isinstance(editor, QSpinBox):
        editor.setValue(int(typed))  # type: ignore[call-overload]
    else:
        editor.setText(str(typed))
    page.fields["idle_lock_minutes"].setValue(11)  # a good change alongside is not saved either
    page.save_button.click()
    spec = next(s for s in SPECS if s.key == key)
    assert spec.title in page.message.text()
    focused = QApplication.focusWidget()
    assert focused is editor or editor.isAncestorOf(focused)
    assert editor.property("wrongField") is not None or editor.styleSheet()
    after = Path(ctx.app.settings.path).read_text(encoding="utf-8") if Path(ctx.app.settings.path).exists() else None
    assert after == before
    assert ctx.app.settings.get("idle_lock_minutes") == 5


def test_a_clerk_sees_and_changes_only_the_settings_of_their_counter(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    page = _open_page(window)
    terminal = {spec.key for spec in SPECS if spec.scope == TERMINAL}
    assert set(page.fields) == terminal
    assert {"receipt_printer", "a4_printer", "receipt_format", "font_point_size"} <= terminal
    assert "db_url" not in page.fields and not hasattr(page, "test_button")
    assert "이 창구(단말)의 설정만" in page.findChild(object, "settingsIntro").text()
    # the other admin pages stay gated
    tab = window.show_tab("admin")
    assert tab.users_page is None and tab.backup_page is None
    page.fields["font_point_size"].setValue(14)
    page.save_button.click()
    assert page.message.text().startswith("저장했습니다 (1개)")
    assert ctx.app.settings.get("font_point_size") == 14
    # the service refuses an office setting from a clerk, whatever a screen sends
    with pytest.raises(PermissionDenied):
        settings_screen.save_settings(ctx.app.settings, ctx.actor, ctx.app.db, changes={"db_url": "x.sqlite"})
    page.grab().save("/tmp/a_shots/settings_clerk.png")


def test_a_newer_settings_file_is_overwritten_only_when_the_admin_agrees(ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    settings = ctx.app.settings
    path = Path(settings.path)
    path.write_text(json.dumps({"version": 7, "office_code": "SB-MINWON"}), encoding="utf-8")
    settings.file_version = 7
    page = _open_page(window)
    page.fields["idle_lock_minutes"].setValue(8)
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm_overwrite_newer", lambda exc: asked.append(exc.message) or False)
    page.save_button.click()
    assert asked and "새 버전(v7)" in asked[0]
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 7
    assert "새 버전(v7)" in page.message.text()
    monkeypatch.setattr(page, "confirm_overwrite_newer", lambda exc: True)
    page.save_button.click()
    assert json.loads(path.read_text(encoding="utf-8"))["idle_lock_minutes"] == 8
    assert path.with_name("settings.v7.json.bak").exists()


# --- 연결 테스트 -------------------------------------------------------------------------------------


def test_connection_test_on_sqlite(ui_factory, sqlite_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = _open_page(window)
    said = _test_connection(page, sqlite_url)
    assert said.startswith("✔ 연결 성공 (SQLite ") and "사용자" in said
    new_file = tmp_path / "new" / "counter.sqlite"
    said = _test_connection(page, f"sqlite:///{new_file}")
    assert said.startswith("✔ 연결 성공") and "새 파일을 만들고" in said
    assert not new_file.exists()  # a test only looks
    said = _test_connection(page, "mysql://a@b/c")
    assert said.startswith("✘ 데이터베이스 주소의 형식이 맞지 않습니다")
    said = _test_connection(page, "postgresql://a@b:notaport/c")
    assert said.startswith("✘ 데이터베이스 주소의 형식이 맞지 않습니다")
    page.grab().save("/tmp/a_shots/settings_sqlite_test.png")


def test_connection_test_on_postgresql(ui_factory, pg_schema_url: str) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = _open_page(window)
    url = sa.engine.make_url(pg_schema_url)
    said = _test_connection(page, pg_schema_url)
    assert said.startswith("✔ 연결 성공 (PostgreSQL ") and url.database in said
    said = _test_connection(page, url.set(database="minwon_no_such_db").render_as_string(hide_password=False))
    assert "그 이름의 데이터베이스가 없습니다" in said and said.startswith("✘")
    said = _test_connection(page, url.set(port=1).render_as_string(hide_password=False))
    assert "연결할 수 없습니다" in said and "포트" in said
    said = _test_connection(page, url.set(username="minwon_nobody").render_as_string(hide_password=False))
    assert "로그인을 거부했습니다" in said
    page.grab().save("/tmp/a_shots/settings_pg_test.png")


def test_connection_test_names_an_empty_an_older_and_a_newer_schema(ui_factory, pg_schema_url: str) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import _create_pg_database, _drop_pg_database, _new_pg_name, pg_url_for

    window, ctx = ui_factory("admin")
    page = _open_page(window)
    admin = sa.create_engine(pg_schema_url.rsplit("/", 1)[0] + "/test", isolation_level="AUTOCOMMIT")
    name = _new_pg_name("e")
    _create_pg_database(admin, name)
    try:
        said = _test_connection(page, pg_url_for(name))
        assert said.startswith("✘") and "구조(표)가 아직 없습니다" in said and "--migrate" in said
    finally:
        _drop_pg_database(admin, name)
        admin.dispose()
    engine = sa.create_engine(pg_schema_url)
    try:
        with engine.begin() as conn:  # back to a revision before this program's heads
            conn.execute(sa.text("DELETE FROM alembic_version"))
            conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:r)"), {"r": _older_revision()})
        said = _test_connection(page, pg_schema_url)
        assert said.startswith("✘") and "이 프로그램보다 오래되었습니다" in said
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ffff_future'"))
        said = _test_connection(page, pg_schema_url)
        assert said.startswith("✘") and "새 버전으로 갱신" in said and "ffff_future" in said
    finally:
        engine.dispose()


def _older_revision() -> str:
    from alembic.script import ScriptDirectory

    from db.engine import alembic_config

    script = ScriptDirectory.from_config(alembic_config(sa.create_engine("sqlite://")))
    heads = set(script.get_heads())
    return next(r.revision for r in script.walk_revisions() if r.revision not in heads)


# --- window state ----------------------------------------------------------------------------------


def test_window_and_splitter_state_come_back_for_the_same_user(ui_factory, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow
    from ui.window_state import splitters

    window, ctx = ui_factory("clerk")
    window.show_tab("family")  # tabs are built when first shown
    window.show_tab("welfare")
    found = splitters(window.pages)
    welfare = [k for k in found if k.startswith("splitter:welfare/")]
    assert welfare and "splitter:family/0" in found
    name, splitter = "splitter:family/0", found["splitter:family/0"]
    window.show_tab("family")
    # the offscreen screen is 800 px wide, narrower than the window's minimum: Qt keeps a restored window on
    # its screen, so only the height can be compared here
    window.resize(window.width(), 650)
    qtbot.waitUntil(lambda: window.height() == 650)
    qtbot.waitUntil(lambda: splitter.sizes()[0] > 60)
    default_left = splitter.sizes()[0]
    total = sum(splitter.sizes())
    splitter.setSizes([total // 4, total - total // 4])
    wanted = splitter.sizes()
    window.close()
    state_file = Path(ctx.app.settings.path).parent / "config" / "ui-state" / f"{ctx.actor.username}.json"
    assert state_file.exists()

    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.height() == 650  # not the 800 of a new window
    again.show_tab(name.split(":", 1)[1].split("/", 1)[0])
    restored = splitters(again.pages)[name]
    qtbot.waitUntil(lambda: restored.sizes()[0] > 60)
    # the left pane as it was left; the right one takes what the (narrower, see above) window leaves
    assert isinstance(restored, QSplitter) and restored.sizes()[0] == wanted[0] != default_left
    # the welfare tab was not opened this time: its saved splitter stays in the file
    again.close()
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert set(welfare) <= set(saved) and "splitter:family/0" in saved


def test_the_font_size_setting_sizes_the_whole_application(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.settings import Settings, config_dir
    from ui.app import create_application

    app = create_application()
    before = app.font()
    try:
        assert app.font().pointSize() == 10  # 0: the program's default size
        Settings(values={"font_point_size": 14}, path=config_dir() / "settings.json").save()
        create_application()
        assert app.font().pointSize() == 14 and app.font().family() == before.family()
    finally:
        app.setFont(before)


def test_the_connection_test_runs_off_the_gui_thread(qtbot, sqlite_ctx, make_actor, pg_schema_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from app.services import connection_test
    from tests.ui.threaded import run_and_wait, threaded_window

    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("admin"))
    page = _open_page(window)
    threads: list[threading.Thread] = []
    real = connection_test.check_connection

    def spy(url, settings=None):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(url, settings)

    monkeypatch.setattr("ui.tabs.admin_settings.check_connection", spy)
    page.fields["db_url"].setText(pg_schema_url)
    run_and_wait(qtbot, ctx, page.test_button.click)
    assert threads and threads[0] is not threading.main_thread()
    assert page.test_result.text().startswith("✔ 연결 성공 (PostgreSQL ")
