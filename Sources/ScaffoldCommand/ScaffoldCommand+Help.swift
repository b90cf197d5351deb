extension ScaffoldCommand {
    enum Help {
        static let main = """
            scaffold: render a backend practice project as a runnable reference.

            Usage:
              scaffold <tier> --stack <stack> [--out DIR] [--name NAME] [--module PATH] [--dry-run] [--force]
              scaffold list [--json]
              scaffold render TEMPLATE --data FILE.json [--partials DIR] [--strict]
              scaffold --version

            Examples:
              scaffold todo-api --stack go
              scaffold todo-api --stack go --name tasks --module github.com/you/tasks --out ~/src/tasks
              scaffold list

            Run 'scaffold <command> --help' for the options of one command.

            """

        static let generate = """
            Usage: scaffold <tier> --stack <stack> [options]

            Renders the practice project <tier> (see 'scaffold list') for <stack> into a
            new folder. Nothing is written unless every file renders.

            Options:
              --stack STACK     language stack (required), e.g. go
              --out DIR         where to write (default: ./NAME); must be empty or absent
              --name NAME       project name (default: the tier, e.g. todo-api)
              --module PATH     module or package path where the stack has one
                                (Go default: example.com/NAME)
              --dry-run         list the files that would be written, write nothing
              --force           write into a non-empty folder, replacing files of the
                                same name and keeping the others
              --templates DIR   render from a Templates/ folder on disk instead of the
                                built-in copy (for template authors: no rebuild)
              -h, --help        show this help

            """

        static let list = """
            Usage: scaffold list [--json]

            Lists the tiers (practice projects) and the stacks that can render them.

            Options:
              --json        machine-readable output
              -h, --help    show this help

            """

        static let render = """
            Usage: scaffold render TEMPLATE --data FILE.json [--partials DIR] [--strict]

            Renders one Mustache template to standard output, for template authors.

            Options:
              --data FILE.json   the data (any JSON document)
              --partials DIR     folder of partials: DIR/NAME.mustache is {{> NAME}}
              --strict           a missing key, section or partial is an error
                                 (what 'scaffold' itself uses); default renders it empty
              -h, --help         show this help

            """
    }
}
