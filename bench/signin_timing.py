"""How long a sign-in takes for a known and for an unknown ID, with the production argon2 parameters:
``python -m bench.signin_timing [--db URL] [--tries 20]``.

An unknown ID is verified against a dummy hash, so both answers cost one argon2 verify; the medians printed
should differ by far less than one verify (the issue measured 5 ms against 250 ms before).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    from app.bootstrap import build_context
    from app.services import auth
    from app.settings import Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="")
    parser.add_argument("--tries", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(values={"key_file": str(Path(tmp) / "rrn.key")}, path=Path(tmp) / "settings.json")
        ctx = build_context(settings, db_url=args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        with ctx.db.uow() as uow:
            auth._create(
                uow,
                office_id=ctx.office.id,
                username="bench.clerk",
                display_name="측정",
                role="clerk",
                password="right-pass-1",
            )
            uow.commit()
        timings: dict[str, list[float]] = {"known, wrong password": [], "unknown ID": [], "no ID at all": []}
        for _ in range(args.tries):
            for label, username in (
                ("known, wrong password", "bench.clerk"),
                ("unknown ID", "nobody.here"),
                ("no ID at all", "password typed here!"),
            ):
                started = time.perf_counter()
                try:
                    auth.sign_in(
                        ctx.db.uow(),
                        username=username,
                        password="wrong-1",
                        terminal_id=None,
                        terminal_code=f"bench-{label}",
                    )
                except auth.SignInFailed:
                    pass
                timings[label].append((time.perf_counter() - started) * 1000)
                # Stay below the lockout: the lock is per account and terminal, so clear it between rounds.
                with ctx.db.uow() as uow:
                    from db.models_accounts import LoginFailure

                    uow.session.query(LoginFailure).delete()
                    uow.commit()
        for label, values in timings.items():
            p95 = sorted(values)[int(len(values) * 0.95) - 1]
            print(f"{label:>22}: median {statistics.median(values):7.1f} ms  p95 {p95:7.1f} ms")
        ctx.db.dispose()


if __name__ == "__main__":
    main()
