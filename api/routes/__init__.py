"""One router per area: ``auth``, ``health``, ``languages``, ``municipalities``,
``organisations``, ``services``, ``agreements``, ``staff``, ``clients``, ``pages``."""
