using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AslCompiler.Runtime.Api.Store;

/// <summary>
/// Opaque nextToken values: the list they belong to (kind and scope) and the position after which the next page
/// starts, base64url-encoded. A token from another list, or one that was tampered with, is <c>InvalidToken</c>.
/// </summary>
internal static class PageToken
{
    public static string Create(string kind, string scope, long after) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(kind + "\n" + scope + "\n" + after.ToString(CultureInfo.InvariantCulture)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The position a token continues after; <see cref="long.MinValue"/> when there is no token.</summary>
    public static long Read(string? token, string kind, string scope)
    {
        if (token is null)
        {
            return long.MinValue;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\n');
            if (parts.Length == 3 && parts[0] == kind && parts[1] == scope
                && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var after))
            {
                return after;
            }
        }
        catch (FormatException)
        {
            // Falls through to InvalidToken.
        }

        throw new InvalidTokenException("Invalid Token: '" + token + "'");
    }

    /// <summary>Takes one page of items ordered by <paramref name="position"/>, with the token of the next page.</summary>
    public static (List<T> Page, string? NextToken) Page<T>(IEnumerable<T> ordered, Func<T, long> position, string? token, string kind, string scope, int pageSize)
    {
        var after = Read(token, kind, scope);
        var page = ordered.Where(item => position(item) > after).Take(pageSize + 1).ToList();
        if (page.Count <= pageSize)
        {
            return (page, null);
        }

        page.RemoveAt(pageSize);
        return (page, Create(kind, scope, position(page[^1])));
    }
}
