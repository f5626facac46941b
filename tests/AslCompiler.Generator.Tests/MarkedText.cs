namespace AslCompiler.Generator.Tests;

/// <summary>Text with one span marked as <c>[|...|]</c>: the markers are removed and the span's offsets kept.</summary>
internal readonly record struct MarkedText(string Text, int Start, int End)
{
    public static MarkedText Parse(string marked)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new ArgumentException("No [|...|] span in the text.", nameof(marked));
        }

        var text = marked.Remove(end, 2).Remove(start, 2);
        return new MarkedText(text, start, end - 2);
    }
}
