extension VerifyCommand {
    static let help = """
        verify: grade a backend practice project against the checkpoint lists.

        Usage:
          verify DIR [options]                       build, test, start and probe a project
          verify --url URL --tier TIER [options]     probe a server that is already running
          verify --list [--tier TIER]                every checkpoint and probe

        DIR holds a practice.json (tier and build/test/run commands): every project
        'scaffold' renders has one, and you can write one for your own project. verify
        builds it, runs its tests, starts it on a free port with a throwaway SQLite
        database and a JWT secret it chose, probes it, and stops it with SIGTERM.

        Options:
          --checkpoint SLUG   only this checkpoint, probe or list (repeatable),
                              e.g. auth, auth.alg-none-rejected, owasp-api
          --skip SLUG         leave out a checkpoint, probe or list (repeatable);
                              reported as not run
          --format FORMAT     human (default) or json (one JSON event per line)
          --junit FILE        also write a JUnit XML report to FILE
          --seed N            replay the data of an earlier run (printed every run)
          --keep              leave the app running afterwards and print its URL
          --jwt-secret S      (--url) the server's JWT_SECRET, to mint expired tokens
          --db PATH           (--url) the server's SQLite file, to inspect the schema
          --limited-url URL   (--url) a second instance started with RATE_LIMIT_RPM=5
                              AUTH_RATE_LIMIT_RPM=3, for the rate-limit probes
          --load-rate N       requests per second of the load probe (default 100)
          --load-seconds N    measured seconds of the load probe (default 5)
          --version           print the version
          -h, --help          show this help

        Exit codes: 0 every probe that ran passed; 1 a probe failed; 2 usage or
        configuration error; 3 the build failed or the app never became ready.

        Examples:
          verify Examples/todo-api-go
          verify . --checkpoint auth --checkpoint owasp-api
          verify --url http://127.0.0.1:8080 --tier todo-api --jwt-secret "$JWT_SECRET" --db data/app.db \\
                 --limited-url http://127.0.0.1:8081

        """
}
