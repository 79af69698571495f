namespace IommuSim.Scenarios;

/// <summary>Entry point of the <c>iommusim</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line against the console.</summary>
    public static int Main(string[] args) => Cli.Invoke(args, Console.Out, Console.Error);
}
