"""What an auditor's process adds to findings: settings files, severity overrides, waivers, baseline, fingerprints."""
