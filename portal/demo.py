"""Demo content for `make run` (DEMO_CONTENT=1): the apps register their loaders here.

A loader takes no argument, creates or refreshes its demo rows and returns a line for the
`load_demo` output; it raises ImproperlyConfigured when it cannot run.
"""

from collections.abc import Callable

from portal.registry import Registry

LOADERS: Registry[Callable[[], str]] = Registry()
