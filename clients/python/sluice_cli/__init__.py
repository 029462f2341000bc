"""``sluice``: the command line of a Sluice server, on the generated client ``sluice_client``.

Exit codes (CI reads them): 0 ok, 1 a check, test or run failed, 2 usage or input error, 3 the server is
unreachable or refused the credentials."""

OK, FAILED, USAGE, UNREACHABLE = 0, 1, 2, 3
