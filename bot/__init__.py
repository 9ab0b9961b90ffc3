"""Pelatih Wawancara: a Telegram bot that coaches Indonesian job seekers through interviews."""
