"""Command line: `python -m bot` (run), `sandbox`, `simulate`, `migrate` and `illustrations`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

from pydantic import SecretStr

from bot.config import Settings, normalise_database_url
from bot.logs import setup_logging

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    parser.add_argument("--webhook", action="store_true", help="receive updates by webhook")
    commands.add_parser("run", help="run the bot with long polling (the default)")
    commands.add_parser("migrate", help="apply database migrations and exit")
    sandbox = commands.add_parser("sandbox", help="chat with the bot in this terminal, no token")
    sandbox.add_argument("--database", default="sqlite+aiosqlite:///sandbox.db")
    simulate = commands.add_parser("simulate", help="run the coaching engine on a made-up person")
    simulate.add_argument("--days", type=int, default=56)
    simulate.add_argument(
        "--profile",
        choices=[
            *("steady", "flare", "plateau", "low", "high"),
            *("late", "silent", "breaks", "struggling", "creeping"),
        ],
        default="steady",
    )
    simulate.add_argument("--seed", type=int, default=1)
    simulate.add_argument("--script", help="a JSON file with a scripted person (see README)")
    simulate.add_argument("--json", action="store_true", help="one JSON object per day")
    pictures = commands.add_parser("illustrations", help="draw the exercise illustrations")
    pictures.add_argument("--sheet", type=Path, help="write a contact sheet (PNG) for review")
    pictures.add_argument("--out", type=Path, help="write every animation into this folder")
    args = parser.parse_args(argv)
    if args.command == "simulate":
        return _simulate(args)
    if args.command == "illustrations":
        return _illustrations(args.sheet, args.out)

    settings = Settings()
    token = settings.telegram_bot_token
    # In the sandbox the terminal is the chat: only warnings should interrupt it.
    level = "WARNING" if args.command == "sandbox" else settings.log_level
    setup_logging(level, (token.get_secret_value(),) if token else (), fmt=settings.log_format)
    if args.command == "migrate":
        return asyncio.run(_migrate(settings))
    if args.command == "sandbox":
        return _sandbox(settings, args.database)
    return _run(settings, args.webhook or bool(settings.webhook_url))


def _illustrations(sheet: Path | None, out: Path | None) -> int:
    from bot.coaching.catalogue import load_catalogue
    from bot.illustrations.pictures import contact_sheet, write_animations

    if sheet is None and out is None:
        print("Say what to write: --sheet FILE.png and/or --out FOLDER", file=sys.stderr)
        return 2
    catalogue = load_catalogue(Settings().data_dir)
    if sheet is not None:
        sheet.write_bytes(contact_sheet(catalogue))
        print(f"{sheet}: {len(catalogue.exercises)} exercises")
    if out is not None:
        written = write_animations(catalogue, out)
        print(f"{out}: {len(written)} pictures")
    return 0


def _run(settings: Settings, webhook_mode: bool) -> int:
    from telegram.error import InvalidToken

    from bot.app import Webhook, build_application, run

    if settings.telegram_bot_token is None:
        print(
            "TELEGRAM_BOT_TOKEN is not set. Put it in .env (see .env.example) or the environment. "
            "To try BackCoach without a token: python -m bot sandbox",
            file=sys.stderr,
        )
        return 2
    webhook = None
    if webhook_mode:
        try:
            webhook = Webhook.from_settings(settings)
        except ValueError as error:
            print(f"{error}. See .env.example.", file=sys.stderr)
            return 2
    try:
        run(build_application(settings), webhook)
    except InvalidToken:
        log.critical("Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN")
        return 2
    except Exception as error:
        # Through the logger, whose filter masks the token: exception texts can carry it.
        log.critical("start-up failed: %s", type(error).__name__, exc_info=error)
        return 1
    return 0


async def _migrate(settings: Settings) -> int:
    from bot.storage import Storage

    storage = Storage.open(settings.database_url)
    try:
        await storage.migrate()
    finally:
        await storage.close()
    print("database is up to date")
    return 0


SANDBOX_TOKEN = "123456:sandbox-token-not-secret"


def _sandbox(settings: Settings, database: str) -> int:
    """The real bot against a fake Telegram on loopback, chatting in this terminal."""
    from bot.app import App, build_application
    from bot.sandbox.clock import MovableClock
    from bot.sandbox.terminal import SandboxApplication, run_terminal

    def build(base_url: str, clock: MovableClock) -> App:
        sandbox_settings = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(SANDBOX_TOKEN),
                "telegram_api_base_url": f"{base_url}/bot",
                "database_url": normalise_database_url(database),
                "scheduler_interval_s": 5.0,
                "health_port": 0,  # a terminal chat, not a service
            }
        )
        return build_application(sandbox_settings, clock, SandboxApplication)

    asyncio.run(run_terminal(build, token=SANDBOX_TOKEN))
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from bot.coaching.catalogue import default_data_dir, load_catalogue
    from bot.coaching.simulate import ScriptError, parse_script, replay, simulate

    catalogue = load_catalogue(default_data_dir())
    if args.script:
        try:
            with open(args.script, encoding="utf-8") as file:
                script = parse_script(json.load(file), catalogue)
        except (OSError, ValueError) as error:  # ScriptError and JSONDecodeError are ValueErrors
            kind = "script" if isinstance(error, ScriptError) else "could not read script"
            print(f"{kind}: {error}", file=sys.stderr)
            return 2
        days = replay(catalogue, script)
    else:
        days = simulate(catalogue, args.days, args.profile, args.seed)
    for day in days:
        if args.json:
            print(json.dumps(day, sort_keys=True))
            continue
        answers = day["checkin"]
        late = " (late)" if answers["morning_late"] else ""
        print(
            f"day {day['day']:>3} {day['variant']:<7} {day['minutes']:>2} min  "
            f"B {day['baseline']}  pain {answers['pain']} effort {answers['effort']} "
            f"morning {answers['morning']} {answers['morning_pain']}{late}"
        )
        for change in day["changes"]:
            history = "" if change["shown"] else " (in /history)"
            print(f"        {change['kind']:<10} {change['reason']}{history}")
        if day["signals"]:
            print(f"        signals: {', '.join(day['signals'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
