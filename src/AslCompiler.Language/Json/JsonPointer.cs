using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AslCompiler.Language.Json;

/// <summary>RFC 6901 JSON Pointers: building, splitting and resolving them against a document.</summary>
public static class JsonPointer
{
    /// <summary>Escapes one reference token: <c>~</c> becomes <c>~0</c>, <c>/</c> becomes <c>~1</c>.</summary>
    public static string Escape(string token)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        if (token.IndexOf('~') < 0 && token.IndexOf('/') < 0)
        {
            return token;
        }

        return token.Replace("~", "~0").Replace("/", "~1");
    }

    /// <summary>Joins reference tokens into a pointer, escaping each.</summary>
    public static string Build(IEnumerable<string> tokens)
    {
        if (tokens is null)
        {
            throw new ArgumentNullException(nameof(tokens));
        }

        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            builder.Append('/').Append(Escape(token));
        }

        return builder.ToString();
    }

    /// <summary>Splits a pointer into its unescaped reference tokens.</summary>
    /// <exception cref="FormatException">The pointer is neither empty nor starts with <c>/</c>, or has a bad <c>~</c> escape.</exception>
    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (pointer is null)
        {
            throw new ArgumentNullException(nameof(pointer));
        }

        if (pointer.Length == 0)
        {
            return Array.Empty<string>();
        }

        if (pointer[0] != '/')
        {
            throw new FormatException($"A JSON Pointer must be empty or start with '/': '{pointer}'.");
        }

        var tokens = new List<string>();
        var builder = new StringBuilder();
        for (var i = 1; i <= pointer.Length; i++)
        {
            if (i == pointer.Length || pointer[i] == '/')
            {
                tokens.Add(builder.ToString());
                builder.Clear();
                continue;
            }

            var c = pointer[i];
            if (c == '~')
            {
                var next = i + 1 < pointer.Length ? pointer[i + 1] : '\0';
                if (next == '0')
                {
                    builder.Append('~');
                }
                else if (next == '1')
                {
                    builder.Append('/');
                }
                else
                {
                    throw new FormatException($"Bad escape '~' at offset {i} in JSON Pointer '{pointer}': only ~0 and ~1 are allowed.");
                }

                i++;
            }
            else
            {
                builder.Append(c);
            }
        }

        return tokens;
    }

    /// <summary>Finds the value that <paramref name="pointer"/> names under <paramref name="root"/>, or <see langword="null"/>.</summary>
    public static JsonSyntaxNode? Resolve(JsonSyntaxNode root, string pointer)
    {
        if (root is null)
        {
            throw new ArgumentNullException(nameof(root));
        }

        var node = root;
        foreach (var token in Parse(pointer))
        {
            switch (node)
            {
                case JsonObjectSyntax obj:
                    node = obj[token];
                    break;
                case JsonArraySyntax array when IsArrayIndex(token, out var index) && index < array.Count:
                    node = array[index];
                    break;
                default:
                    return null;
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static bool IsArrayIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0'))
        {
            return false;
        }

        foreach (var c in token)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
