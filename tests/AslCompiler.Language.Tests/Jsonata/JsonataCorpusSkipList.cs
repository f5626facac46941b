namespace AslCompiler.Language.Tests.Jsonata;

/// <summary>
/// Corpus cases that do not parse as the reference does, each with the reason. Entries are checked: a listed case
/// that passes fails the floor test, so the list cannot go stale.
/// </summary>
public static class JsonataCorpusSkipList
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };
}
