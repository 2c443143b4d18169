#!/usr/bin/python3
"""rxsim plot: draws a sweep's figures (filled in below)."""
import sys
sys.exit("rxsim plot: not written yet")
