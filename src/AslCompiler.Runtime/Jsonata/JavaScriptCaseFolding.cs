using System;
using System.Collections.Generic;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// Which UTF-16 code units a JavaScript regular expression without the <c>u</c> flag (JSONata's) takes as the same
/// under the <c>i</c> flag. ECMAScript's Canonicalize: a code unit stands for its upper case (<c>toUpperCase</c> of the
/// one-unit string) when that is one code unit, and for itself when it is several (<c>ß</c> is <c>"SS"</c>) or when a
/// non-ASCII unit would become an ASCII one (the long s U+017F is not <c>s</c>; the Kelvin sign U+212A is its own upper
/// case, so not <c>k</c> either). Two code units match each other when their canonical units are the same.
/// <para>
/// The upper case is .NET's simple one (<see cref="char.ToUpperInvariant"/>), the same as JavaScript's for every unit
/// but those whose full upper case is longer (<see cref="MultiUnitUpperCase"/>), so the tables follow the Unicode
/// version of the .NET runtime: a letter newer than it has no case here.
/// </para>
/// </summary>
internal static class JavaScriptCaseFolding
{
    /// <summary>
    /// The code units whose full upper case (Unicode's SpecialCasing.txt, unconditional mappings) is more than one
    /// code unit: <c>toUpperCase</c> lengthens them, so JavaScript's Canonicalize leaves them as they are. Inclusive ranges.
    /// </summary>
    private static readonly (char First, char Last)[] MultiUnitUpperCase =
    [
        ('\u00DF', '\u00DF'), ('\u0149', '\u0149'), ('\u01F0', '\u01F0'), ('\u0390', '\u0390'), ('\u03B0', '\u03B0'),
        ('\u0587', '\u0587'), ('\u1E96', '\u1E9A'), ('\u1F50', '\u1F50'), ('\u1F52', '\u1F52'), ('\u1F54', '\u1F54'),
        ('\u1F56', '\u1F56'), ('\u1F80', '\u1FAF'), ('\u1FB2', '\u1FB4'), ('\u1FB6', '\u1FB7'), ('\u1FBC', '\u1FBC'),
        ('\u1FC2', '\u1FC4'), ('\u1FC6', '\u1FC7'), ('\u1FCC', '\u1FCC'), ('\u1FD2', '\u1FD3'), ('\u1FD6', '\u1FD7'),
        ('\u1FE2', '\u1FE4'), ('\u1FE6', '\u1FE7'), ('\u1FF2', '\u1FF4'), ('\u1FF6', '\u1FF7'), ('\u1FFC', '\u1FFC'),
        ('\uFB00', '\uFB06'), ('\uFB13', '\uFB17'),
    ];

    private static readonly Lazy<Tables> Data = new(Build);

    /// <summary>
    /// The code units that match <paramref name="c"/> under the <c>i</c> flag, <paramref name="c"/> among them, in order;
    /// false when <paramref name="c"/> matches only itself.
    /// </summary>
    public static bool TryGetEquivalents(char c, out char[] group)
    {
        var data = Data.Value;
        return data.Groups.TryGetValue(data.Canonical[c], out group!);
    }

    /// <summary>
    /// The code units that match another one under the <c>i</c> flag, in order: only these can widen a set.
    /// </summary>
    public static char[] Cased => Data.Value.Cased;

    /// <summary>JavaScript's Canonicalize of <paramref name="c"/> (non-Unicode mode, ignoring case).</summary>
    public static char Canonicalize(char c) => Data.Value.Canonical[c];

    private sealed record Tables(char[] Canonical, Dictionary<char, char[]> Groups, char[] Cased);

    private static Tables Build()
    {
        var canonical = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            canonical[i] = Canon((char)i);
        }

        var members = new Dictionary<char, List<char>>();
        for (var i = 0; i <= char.MaxValue; i++)
        {
            if (!members.TryGetValue(canonical[i], out var list))
            {
                members[canonical[i]] = list = [];
            }

            list.Add((char)i);
        }

        var groups = new Dictionary<char, char[]>();
        var cased = new List<char>();
        foreach (var (key, list) in members)
        {
            if (list.Count > 1)
            {
                groups[key] = [.. list];
                cased.AddRange(list);
            }
        }

        cased.Sort();
        return new Tables(canonical, groups, [.. cased]);
    }

    private static char Canon(char c)
    {
        foreach (var (first, last) in MultiUnitUpperCase)
        {
            if (c >= first && c <= last)
            {
                return c;
            }
        }

        var upper = char.ToUpperInvariant(c);
        return c >= 128 && upper < 128 ? c : upper;
    }
}
