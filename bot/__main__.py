"""Command line: `python -m bot` (run), `python -m bot sandbox`, `simulate` and `migrate`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import Settings
from bot.logs import setup_logging


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot with long polling (the default)")
    commands.add_parser("migrate", help="apply database migrations and exit")
    sandbox = commands.add_parser("sandbox", help="chat with the bot in this terminal, no token")
    sandbox.add_argument("--database", default="sqlite+aiosqlite:///sandbox.db")
    args = parser.parse_args(argv)

    settings = Settings()
    token = settings.telegram_bot_token
    setup_logging(settings.log_level, (token.get_secret_value(),) if token else ())
    if args.command == "migrate":
        return asyncio.run(_migrate(settings))
    if args.command == "sandbox":
        return _sandbox(settings, args.database)
    return _run(settings)


def _run(settings: Settings) -> int:
    from bot.app import build_application

    if settings.telegram_bot_token is None:
        print(
            "TELEGRAM_BOT_TOKEN is not set. Put it in .env (see .env.example) or the environment. "
            "To try BackCoach without a token: python -m bot sandbox",
            file=sys.stderr,
        )
        return 2
    application = build_application(settings)
    application.run_polling(allowed_updates=["message", "edited_message", "callback_query",
                                             "my_chat_member"])
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


def _sandbox(settings: Settings, database: str) -> int:
    raise NotImplementedError


if __name__ == "__main__":
    sys.exit(main())
