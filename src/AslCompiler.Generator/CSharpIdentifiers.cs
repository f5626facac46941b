using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace AslCompiler.Generator;

/// <summary>Derives valid, unique C# identifiers from names in a definition (state names, ARNs, file names).</summary>
internal static class CSharpIdentifiers
{
    /// <summary>
    /// <c>order-processing</c> → <c>OrderProcessing</c>, <c>Validate order</c> → <c>ValidateOrder</c>: characters that
    /// cannot be in an identifier separate words, each word starts upper case; a leading digit gets a <c>_</c>.
    /// </summary>
    public static string ToPascalCase(string name, string fallback)
    {
        var builder = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            if (c != '_' && SyntaxFacts.IsIdentifierPartCharacter(c) && !IsFormatting(c))
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        return Finish(builder, fallback);
    }

    /// <summary>Keeps the name, replacing characters that cannot be in an identifier by <c>_</c>.</summary>
    public static string Sanitize(string name, string fallback)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) && !IsFormatting(c) ? c : '_');
        }

        return Finish(builder, fallback);
    }

    /// <summary><paramref name="name"/> + <paramref name="suffix"/>, or with 2, 3 ... before the suffix if taken; records the result.</summary>
    public static string Unique(string name, HashSet<string> taken, string suffix = "")
    {
        var candidate = name + suffix;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = name + n.ToString(CultureInfo.InvariantCulture) + suffix;
        }

        return candidate;
    }

    private static string Finish(StringBuilder builder, string fallback)
    {
        if (builder.Length == 0)
        {
            return fallback;
        }

        if (!SyntaxFacts.IsIdentifierStartCharacter(builder[0]))
        {
            builder.Insert(0, '_');
        }

        var identifier = Shorten(builder.ToString());
        return SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;
    }

    /// <summary>
    /// The longest identifier made (before a suffix such as <c>Async</c> or a number): names in metadata are limited
    /// (CS7013 past about 1,000 UTF-8 bytes), and a Task resource can be far longer than any state or file name.
    /// </summary>
    internal const int MaxLength = 200;

    /// <summary>
    /// The longest name of a generated member made of several names (<c>State1_Parameters_Order_Lines</c>: a state's,
    /// then each key of a nested template's): 300 characters of up to 3 UTF-8 bytes each, and a suffix, stay within the
    /// 1,024 bytes metadata takes (CS7013, which only emitting the assembly reports).
    /// </summary>
    internal const int MaxMemberLength = 300;

    // A longer name keeps its start and ends with a hash of the whole, so two long names that share a start stay apart.
    private static string Shorten(string identifier) => Shorten(identifier, MaxLength);

    /// <summary><paramref name="identifier"/>, or when longer than <paramref name="maxLength"/> its start and a hash of the whole.</summary>
    internal static string Shorten(string identifier, int maxLength)
    {
        if (identifier.Length <= maxLength)
        {
            return identifier;
        }

        var hash = 2166136261u; // FNV-1a: stable across runs and processes, unlike string.GetHashCode
        foreach (var c in identifier)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return identifier.Substring(0, maxLength - 9) + "_" + hash.ToString("x8", CultureInfo.InvariantCulture);
    }

    // Formatting characters (Cf) are legal in identifiers but invisible: leave them out.
    private static bool IsFormatting(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
