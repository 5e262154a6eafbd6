from glance_store import location

class StoreLocation(location.StoreLocation):
    scheme: str
    netloc: str
    user: str | None
    password: str  # set only when the URI has credentials
    path: str
    query: str
