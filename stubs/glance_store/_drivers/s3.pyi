from glance_store import location

class StoreLocation(location.StoreLocation):
    scheme: str
    s3serviceurl: str
    bucket: str
    key: str
