"""This site's MkDocs hooks: the adapter packaged in orgkit, which company sites get as the ``orgkit`` plugin."""

from orgkit import mkdocs_adapter as _adapter
from orgkit.mkdocs_adapter import *  # noqa: F403 - the on_* events, listed in the adapter's __all__


def __getattr__(name: str) -> object:  # the adapter's build state, for tests that look at it
    return getattr(_adapter, name)
