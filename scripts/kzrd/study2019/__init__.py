"""The 2019 study, reconstructed: the composite index, the clusters, the Monte Carlo."""
