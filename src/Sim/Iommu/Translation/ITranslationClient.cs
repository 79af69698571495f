namespace IommuSim.Iommu;

/// <summary>
/// Receives translations that could not finish at once (a context-cache miss or an IOTLB miss). Implement it
/// on the component that issues DMAs; the token identifies the request (a tag, a slot index), so completing
/// a translation allocates nothing.
/// </summary>
public interface ITranslationClient
{
    /// <summary>Called at the simulated time the translation finishes, success or fault.</summary>
    void OnTranslated(in Translation translation, long token);
}
