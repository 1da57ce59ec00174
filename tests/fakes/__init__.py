"""Loopback fakes of the X and LinkedIn APIs and of the published site, plus helpers to build manifests."""
