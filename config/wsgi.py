import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

# Do the slow first-use work now rather than on a visitor's request: the Thai dictionary, and
# whatever an app prepares in its `warm_up()` (the practice library's in-memory index). Then
# keep everything loaded at start-up (over half a million long-lived objects) out of the
# cyclic garbage collector: a full collection over them paused requests for up to 0.3 s.
from django.apps import apps  # noqa: E402

from portal.thai_text import query_words  # noqa: E402

query_words("การจัดการขยะมูลฝอย")
for config in apps.get_app_configs():
    if hasattr(config, "warm_up"):
        config.warm_up()
gc.freeze()
