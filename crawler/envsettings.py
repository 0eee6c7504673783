"""The crawl's ``NEWSMON_*`` settings that the environment may set, over ``crawler/settings.py``
(a trial's ``NEWSMON_STORY_EVENTS=1 newsmon crawl`` was ignored: only editing the checkout's
settings module changed them). One reader for the crawl (``crawler.runner.crawl_settings``) and
``newsmon restory``; a bad value raises ``storage.settings.SettingError`` (one line in the CLI)."""
from __future__ import annotations

import os

from crawler import settings as defaults
from storage.settings import env_flag, env_number

__all__ = ["ENV_SETTINGS", "env_settings", "setting"]

#: name → (minimum, whole number); NEWSMON_STORY_EVENTS is a switch
ENV_SETTINGS = {
    "NEWSMON_MAX_AGE_DAYS": (0, False),
    "NEWSMON_FAILED_RETRY_DAYS": (0, False),
    "NEWSMON_EXTRACT_WORKERS": (0, True),
    "NEWSMON_RETRY_MAX_WAIT": (0, False),
    "NEWSMON_STORY_WINDOW_DAYS": (0, False),
    "NEWSMON_STORY_THRESHOLD": (0, False),
    "NEWSMON_EVENT_THRESHOLD": (0, False),
    "NEWSMON_STORY_EVENTS": None,
}


def setting(name: str):
    """The value of one of ENV_SETTINGS: the environment's when set, else the settings module's."""
    default = getattr(defaults, name)
    if ENV_SETTINGS[name] is None:
        return env_flag(name, default)
    minimum, whole = ENV_SETTINGS[name]
    return env_number(name, default, minimum, whole)


def env_settings() -> dict:
    """{name: value} of the ENV_SETTINGS set in the environment (not blank)."""
    return {name: setting(name) for name in ENV_SETTINGS if os.environ.get(name, "").strip()}
