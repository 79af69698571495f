using IommuSim.Tests.Support;
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
        if (ContinuousIntegration.IsOn) return;
        if (Jupyter.Path is null)
            Skip = "jupyter is not installed (apt-get install jupyter-nbconvert python3-nbclient jupyter-client); under CI=true this test fails instead";
        else if (!Jupyter.HasCSharpKernel)
            Skip = $"the {Jupyter.CSharpKernel} kernelspec is not registered (dotnet tool restore; dotnet interactive jupyter install); under CI=true this test fails instead";
    }
}
