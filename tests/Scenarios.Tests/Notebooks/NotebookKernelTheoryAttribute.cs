namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// A theory judged by executing a notebook on the .NET Interactive C# kernel: skipped, with the reason, where jupyter or
/// the .net-csharp kernelspec is not installed; under CI (CI=true) it runs anyway and fails, so that a CI image without
/// them is noticed rather than passed.
/// </summary>
public sealed class NotebookKernelTheoryAttribute : TheoryAttribute
{
    public NotebookKernelTheoryAttribute()
    {
        Skip = Jupyter.SkipReason;
    }
}
