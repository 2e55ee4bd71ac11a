"""jlpctl: the operators' CLI for a Smart Jiulongpo release on Kubernetes.

status, scale, restart and logs talk to the Kubernetes API (the `kubernetes` client, kubeconfig
or in-cluster credentials); check asks the gateway's /readyz, which checks every backend.
"""
