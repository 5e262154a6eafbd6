from glance_store import location

class StoreLocation(location.StoreLocation):
    scheme: str
    user: str | None
    key: str | None
    application_credential_id: str | None
    application_credential_secret: str | None
    project_name: str | None
    project_id: str | None
    auth_or_store_url: str
    container: str
    obj: str
