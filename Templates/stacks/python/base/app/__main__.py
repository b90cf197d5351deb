"""python -m app: serves the API (see app.main)."""

from app.main import main

raise SystemExit(main())
