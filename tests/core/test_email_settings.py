"""Email configuration: EMAIL_URL is read by dj-email-url, and the separate variables of old stop
production with a clear message instead of being silently ignored."""

import subprocess
import sys

from .test_settings import GOOD_ENV, ROOT, run_manage

SHOW_EMAIL = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
)


def email_settings(email_url: str) -> list[str]:
    env = dict(GOOD_ENV, EMAIL_URL=email_url)
    result = run_manage(["shell", "-c", SHOW_EMAIL], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_email_url_with_an_encoded_password_and_starttls_by_default():
    assert email_settings("smtp://mailer:p%40ss%2Fword@smtp.example.org:2525") == [
        "smtp.example.org",
        "2525",
        "mailer",
        "p@ss/word",
        "True",
        "False",
    ]


def test_email_url_asking_for_ssl_turns_starttls_off():
    host, port, *_rest, tls, ssl = email_settings("smtp://mailer:secret@smtp.example.org:465?ssl=True")
    assert (host, port, tls, ssl) == ("smtp.example.org", "465", "False", "True")


def test_the_old_separate_email_variables_stop_production_with_a_clear_message():
    result = run_manage(["check"], dict(GOOD_ENV, EMAIL_HOST="smtp.example.org"))
    assert result.returncode != 0
    assert "EMAIL_HOST are no longer read. Set EMAIL_URL=" in result.stderr


def test_a_setting_that_is_not_a_number_names_its_variable():
    result = run_manage(["check"], dict(GOOD_ENV, DISCUSSIONS_NEW_MEMBER_DAYS="a week"))
    assert result.returncode != 0
    assert "DISCUSSIONS_NEW_MEMBER_DAYS='a week' is not a whole number" in result.stderr


def test_discussion_limits_are_read_from_the_environment():
    code = "from django.conf import settings as s; print(s.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "cop.settings.dev",
            "DISCUSSIONS_MIN_POST_INTERVAL_SECONDS": "42",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "42"
