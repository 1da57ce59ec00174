"""Publishing derived posts to X and LinkedIn; reads only the manifest JSON, never mkdocs."""
