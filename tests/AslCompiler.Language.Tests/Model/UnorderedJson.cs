using AslCompiler.Language.Json;

namespace AslCompiler.Language.Tests.Model;

/// <summary>JSON equality that ignores object member order (members are matched by name; duplicates by position among equals).</summary>
internal static class UnorderedJson
{
    public static bool Equal(JsonSyntaxNode a, JsonSyntaxNode b)
    {
        switch (a)
        {
            case JsonObjectSyntax objA when b is JsonObjectSyntax objB:
                if (objA.Count != objB.Count)
                {
                    return false;
                }

                foreach (var group in objA.Properties.GroupBy(p => p.Name, StringComparer.Ordinal))
                {
                    var others = objB.Properties.Where(p => p.Name == group.Key).ToList();
                    var mine = group.ToList();
                    if (others.Count != mine.Count || !mine.Zip(others).All(pair => Equal(pair.First.Value, pair.Second.Value)))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArraySyntax arrayA when b is JsonArraySyntax arrayB:
                return arrayA.Count == arrayB.Count && arrayA.Items.Zip(arrayB.Items).All(pair => Equal(pair.First, pair.Second));
            default:
                return a.DeepEquals(b);
        }
    }
}
