import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
application = get_wsgi_application()

# Load the Thai dictionary now rather than on the first search, then keep everything loaded at
# start-up (over half a million long-lived objects, most of them the dictionary) out of the
# cyclic garbage collector: a full collection over them paused requests for up to 0.3 s.
from portal.thai_text import query_words  # noqa: E402

query_words("การจัดการขยะมูลฝอย")
gc.freeze()
