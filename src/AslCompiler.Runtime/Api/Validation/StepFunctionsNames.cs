using System;

namespace AslCompiler.Runtime.Api;

/// <summary>
/// The rule for state machine, execution and activity names: 1–80 characters, none of them white space,
/// brackets <c>&lt; &gt; { } [ ]</c>, wildcards <c>? *</c>, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>,
/// control characters (U+0000–001F, U+007F–009F), U+FFFE–FFFF, or surrogates (U+D800–DFFF, so no character
/// outside the Basic Multilingual Plane). A name of only <c>0-9 A-Z a-z - _</c> also works with CloudWatch Logs.
/// </summary>
public static class StepFunctionsNames
{
    /// <summary>The longest name AWS accepts.</summary>
    public const int MaxLength = 80;

    private const string SpecialCharacters = "<>{}[]?*\"#%\\^|~`$&,;:/";

    /// <summary>Whether <paramref name="name"/> follows the rule (length included).</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (IsForbidden(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether one UTF-16 code unit is forbidden in a name.</summary>
    public static bool IsForbidden(char c) =>
        char.IsWhiteSpace(c)
        || c <= '\u001F'
        || c is >= '\u007F' and <= '\u009F'
        || c is >= '\uD800' and <= '\uDFFF'
        || c is '\uFFFE' or '\uFFFF'
        || SpecialCharacters.Contains(c, StringComparison.Ordinal);

    /// <summary>The <c>InvalidName</c> message AWS gives: <c>Invalid Name: '...'</c>.</summary>
    internal static string InvalidNameMessage(string name) => "Invalid Name: '" + name + "'";
}
