"""Care activities as versions on both clocks: `schema`, `projection`, and the quarterly campaign
reports it answers: `campaigns`."""
