#!/usr/bin/env python
from mpp.cli import main

if __name__ == "__main__":
    main()
