"""Record linkage: which person records are about the same human being (issue 10)."""
