from glance_store import location

class StoreLocation(location.StoreLocation):
    scheme: str
    path: str
