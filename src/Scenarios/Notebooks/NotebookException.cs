namespace IommuSim.Scenarios.Notebooks;

/// <summary>A notebook that cannot be exported; the message names the file (and the cell, or line and column) and says why.</summary>
internal sealed class NotebookException(string message) : Exception(message);
