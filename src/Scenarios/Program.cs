namespace IommuSim.Scenarios;

/// <summary>Entry point of the <c>iommusim</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args) => 0;
}
