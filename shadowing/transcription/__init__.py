"""Local transcription with faster-whisper: model resolution, the streaming engine, its guards."""
