"""Demo MPPs built from the seed articles: `pandeglang`, `tangerang`, `serang`.

Each profile module holds plain data (`PROFILE`); `loader.demo_load` creates it through the
catalog and accounts services."""
