from glance_store import location

class StoreLocation(location.StoreLocation):
    scheme: str
    server_host: str
    path: str
    query: str
    datacenter_path: str | None
    datastore_name: str | None

api: object

class Store: ...
