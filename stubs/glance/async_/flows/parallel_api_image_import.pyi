LOC_META_IMPORT_TAG: str
LOC_META_IMPORT_TAG_VALUE: str

def _placeholder_location_url(image_id: str, store: str | None) -> str: ...

class _ParallelStoreImportTask:
    def __init__(
        self,
        task_id: str,
        task_type: str,
        task_repo: object,
        action_wrapper: object,
        file_uri: str | None,
        stores: list[str],
        all_stores_must_succeed: bool,
        import_method: str,
        context: object,
        image_repo: object,
    ) -> None: ...
    def _create_pending_location_rows(self, db: object, image_id: str) -> dict[str, int]: ...
