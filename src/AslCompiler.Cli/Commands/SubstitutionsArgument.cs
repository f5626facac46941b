using System.IO;
using AslCompiler.Language.Model;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>--substitutions Name=value;Other=value</c> (repeatable): the values of a definition's <c>${Name}</c> placeholders,
/// as CloudFormation's DefinitionSubstitutions (SAM, CDK) fill them at deployment and as the generator's
/// <c>AslDefinitionSubstitutions</c> item metadata gives them (<see cref="DefinitionSubstitutions"/>).
/// </summary>
internal static class SubstitutionsArgument
{
    public const string Name = "--substitutions";

    public const string Description = "Values for the definition's ${Name} placeholders (CloudFormation's DefinitionSubstitutions, as SAM and the CDK fill them): Name=value entries separated by ';'; may be repeated.";

    /// <summary>Reads the option (null when absent); false, with a message naming the option and the entry, when a list does not read.</summary>
    public static bool TryRead(string[]? lists, TextWriter error, out DefinitionSubstitutions? substitutions)
    {
        substitutions = null;
        if (lists is not { Length: > 0 })
        {
            return true;
        }

        if (!DefinitionSubstitutions.TryParse(string.Join(";", lists), out substitutions, out var problem))
        {
            error.WriteLine("asl: " + Name + ": " + problem);
            return false;
        }

        return true;
    }
}
