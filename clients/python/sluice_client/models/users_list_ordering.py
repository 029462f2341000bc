from enum import StrEnum

class UsersListOrdering(StrEnum):
    DATE_JOINED = "date_joined"
    EMAIL = "email"
    LAST_LOGIN = "last_login"
    USERNAME = "username"
    VALUE_0 = "-date_joined"
    VALUE_1 = "-last_login"
    VALUE_2 = "-username"

    def __str__(self) -> str:
        return str(self.value)
