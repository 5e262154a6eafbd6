# The part of atheris (3.x) that fuzz/ uses; atheris ships no type information.
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import NoReturn

def instrument_imports(
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    enable_loader_override: bool = True,
) -> AbstractContextManager[None]: ...
def Setup(
    args: list[str], test_one_input: Callable[[bytes], None], **kwargs: object
) -> list[str]: ...
def Fuzz() -> NoReturn: ...
