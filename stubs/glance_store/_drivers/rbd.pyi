from glance_store import location

class StoreLocation(location.StoreLocation):
    fsid: str | None
    pool: str | None
    image: str
    snapshot: str | None
