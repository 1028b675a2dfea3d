"""BackCoach: a Telegram bot that coaches back-care exercise as a daily habit."""
