using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using AslCompiler.Generator.Specs;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator;

/// <summary>
/// <c>[StateMachineTypes(InputType = typeof(Order), OutputType = typeof(Receipt))]</c> on your half of a generated class:
/// the typed input and output named in C# instead of with <c>AslInputType</c>/<c>AslOutputType</c> item metadata. The
/// classes step reads it and from there on treats its types as it treats the metadata's (the probe, accessibility,
/// ASL1005, your own members); only the messages name the attribute, and are reported where it is applied.
/// </summary>
public sealed partial class AslGenerator
{
    /// <summary>The attribute's metadata name (AslCompiler.Runtime).</summary>
    public const string TypesAttributeName = "AslCompiler.Runtime.Compiled.StateMachineTypesAttribute";

    /// <summary>How a type the attribute names is written into the generated file: <c>global::</c>-qualified, keywords for special types.</summary>
    private static readonly SymbolDisplayFormat AttributeTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>
    /// What <c>[StateMachineTypes]</c> on a class says, or null when the class does not carry it. A side set to a type
    /// that does not bind (<c>typeof(Missing)</c>, a type parameter) makes the attribute <c>Broken</c>: C# reports the
    /// error at the attribute, and no typed RunAsync is generated.
    /// </summary>
    private static AttributeTypes? ReadTypesAttribute(INamedTypeSymbol type, INamedTypeSymbol attributeType)
    {
        foreach (var data in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(data.AttributeClass, attributeType))
            {
                continue;
            }

            ITypeSymbol? input = null;
            ITypeSymbol? output = null;
            var broken = data.AttributeConstructor is null;
            foreach (var argument in data.NamedArguments)
            {
                var value = argument.Value;
                if (value.Kind == TypedConstantKind.Error)
                {
                    broken = true;
                }
                else if (value is { Kind: TypedConstantKind.Type, Value: ITypeSymbol named })
                {
                    if (!Binds(named))
                    {
                        broken = true;
                    }
                    else if (argument.Key == "InputType")
                    {
                        input = named;
                    }
                    else if (argument.Key == "OutputType")
                    {
                        output = named;
                    }
                }
            }

            return new AttributeTypes(input, output, broken, data.ApplicationSyntaxReference);
        }

        return null;
    }

    /// <summary>Whether a type names something (no error type, no type parameter) anywhere in it.</summary>
    private static bool Binds(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol or ITypeParameterSymbol => false,
        IArrayTypeSymbol array => Binds(array.ElementType),
        IPointerTypeSymbol pointer => Binds(pointer.PointedAtType),
        INamedTypeSymbol named => (named.IsUnboundGenericType || AllBind(named.TypeArguments)) && (named.ContainingType is null || Binds(named.ContainingType)),
        _ => true,
    };

    private static bool AllBind(ImmutableArray<ITypeSymbol> types)
    {
        foreach (var type in types)
        {
            if (!Binds(type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An open generic type (<c>typeof(List&lt;&gt;)</c>, <c>typeof(Box&lt;&gt;.Inner)</c>): it has no values, so it cannot be an input or output.</summary>
    private static bool IsOpenGeneric(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsOpenGeneric(array.ElementType),
        INamedTypeSymbol named => named.IsUnboundGenericType || (named.ContainingType is { } outer && IsOpenGeneric(outer)),
        _ => false,
    };

    /// <summary>How a message names a side the attribute gives: <c>[StateMachineTypes] InputType typeof(Shop.Order)</c>.</summary>
    private static string AttributeSide(bool input, string asWritten) =>
        "[StateMachineTypes] " + (input ? "InputType" : "OutputType") + " typeof(" + asWritten + ")";

    /// <summary>How a message names a side, from the metadata or the attribute.</summary>
    private static string SideName(ClassKey key, bool input) =>
        input
            ? key.InputFromAttribute ? AttributeSide(true, key.InputTypeAsWritten) : "AslInputType '" + key.InputTypeAsWritten + "'"
            : key.OutputFromAttribute ? AttributeSide(false, key.OutputTypeAsWritten) : "AslOutputType '" + key.OutputTypeAsWritten + "'";

    /// <summary>
    /// The class's key with the attribute's types in it, ready for the probe, and what is to be reported at the attribute.
    /// A side named by both the metadata and the attribute (ASL1009), an open generic type (ASL1005), a type that does not
    /// bind (C#'s own error), or an AslInputType/AslOutputType that is not a type name (ASL1004, reported already): no
    /// typed RunAsync, so the key names no types.
    /// </summary>
    private static (ClassKey Key, AttributeNote Note) WithAttributeTypes(ClassKey key, AttributeTypes attribute)
    {
        var none = key with { InputType = string.Empty, OutputType = string.Empty };
        var conflict = new StringBuilder();
        foreach (var (input, named, metadata) in new[] { (true, attribute.Input, key.InputTypeAsWritten), (false, attribute.Output, key.OutputTypeAsWritten) })
        {
            if (named is not null && metadata.Length > 0)
            {
                conflict.Append(conflict.Length == 0 ? string.Empty : " ")
                    .Append('\'').Append(MetadataName(key)).Append("' is given its typed ").Append(input ? "input" : "output").Append(" twice: ")
                    .Append(input ? "AslInputType '" : "AslOutputType '").Append(metadata).Append("' on '").Append(key.RelativePath).Append("' and ")
                    .Append(AttributeSide(input, named.ToDisplayString())).Append('.');
            }
        }

        if (conflict.Length > 0)
        {
            conflict.Append(" Name each side in one place: remove the item metadata or the attribute's property. The typed RunAsync is not generated.");
            return (none, new AttributeNote(conflict.ToString(), null, attribute.Reference));
        }

        var problem = new StringBuilder();
        foreach (var (input, named) in new[] { (true, attribute.Input), (false, attribute.Output) })
        {
            if (named is not null && IsOpenGeneric(named))
            {
                problem.Append(problem.Length == 0 ? string.Empty : " ").Append("The ").Append(AttributeSide(input, named.ToDisplayString()))
                    .Append(" cannot be the typed RunAsync's ").Append(input ? "input" : "output")
                    .Append(": it is an open generic type, which has no values. Name a constructed type (typeof(List<Order>), not typeof(List<>)).");
            }
        }

        if (problem.Length > 0)
        {
            return (none, new AttributeNote(null, problem.Append(" The typed RunAsync is not generated.").ToString(), attribute.Reference));
        }

        var metadataProblem = (key.InputTypeAsWritten.Length > 0 && key.InputType.Length == 0) || (key.OutputTypeAsWritten.Length > 0 && key.OutputType.Length == 0);
        if (attribute.Broken || metadataProblem)
        {
            return (none, new AttributeNote(null, null, attribute.Reference));
        }

        return (
            key with
            {
                InputType = attribute.Input is { } inputType ? inputType.ToDisplayString(AttributeTypeFormat) : key.InputType,
                InputTypeAsWritten = attribute.Input is { } shownInput ? shownInput.ToDisplayString() : key.InputTypeAsWritten,
                InputFromAttribute = attribute.Input is not null,
                OutputType = attribute.Output is { } outputType ? outputType.ToDisplayString(AttributeTypeFormat) : key.OutputType,
                OutputTypeAsWritten = attribute.Output is { } shownOutput ? shownOutput.ToDisplayString() : key.OutputTypeAsWritten,
                OutputFromAttribute = attribute.Output is not null,
            },
            new AttributeNote(null, null, attribute.Reference));
    }

    /// <summary>Where an attribute is applied, as values; null when it has no syntax (from metadata).</summary>
    private static SourceSpot? SpotOf(SyntaxReference? reference)
    {
        if (reference is null)
        {
            return null;
        }

        var lines = reference.SyntaxTree.GetLineSpan(reference.Span);
        return new SourceSpot(
            reference.SyntaxTree.FilePath,
            reference.Span.Start,
            reference.Span.Length,
            lines.StartLinePosition.Line,
            lines.StartLinePosition.Character,
            lines.EndLinePosition.Line,
            lines.EndLinePosition.Character);
    }

    /// <summary>A diagnostic's location from a <see cref="SourceSpot"/> (a file location, as for the <c>.asl.json</c> file: no symbol is kept).</summary>
    private static Location LocationOf(SourceSpot spot) => Location.Create(
        spot.Path,
        new Microsoft.CodeAnalysis.Text.TextSpan(spot.Start, spot.Length),
        new Microsoft.CodeAnalysis.Text.LinePositionSpan(
            new Microsoft.CodeAnalysis.Text.LinePosition(spot.StartLine, spot.StartCharacter),
            new Microsoft.CodeAnalysis.Text.LinePosition(spot.EndLine, spot.EndCharacter)));

    /// <summary>A class of yours that carries the attribute (the pipeline's attribute step): its metadata name when it is a top-level, non-generic class.</summary>
    private static AttributedClass? AttributedClassOf(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0 || SpotOf(context.Attributes[0].ApplicationSyntaxReference) is not { } spot)
        {
            return null;
        }

        var name = type.ContainingType is null && type.Arity == 0 ? MetadataName(type) : null;
        return new AttributedClass(name, type.ToDisplayString(), spot);
    }

    /// <summary>The metadata names of the classes the definitions generate (not the ones that lose their name: ASL1001, ASL1002).</summary>
    private static EquatableArray<string> GeneratedClassNames(ImmutableArray<DefinitionSpec?> specs, EquatableArray<ConflictSpec> conflicts)
    {
        var losers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var conflict in conflicts)
        {
            losers.Add(conflict.Path);
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            if (spec is not null && !losers.Contains(spec.Path) && ClassKeyOf(spec) is { } key)
            {
                names.Add(MetadataName(key));
            }
        }

        return new EquatableArray<string>(names);
    }

    /// <summary>ASL1010 when no definition generates the class that carries the attribute: it would have no effect.</summary>
    private static void ReportUnusedAttribute(SourceProductionContext output, AttributedClass attributed, EquatableArray<string> generated)
    {
        if (attributed.MetadataName is { } name && generated.Contains(name))
        {
            return;
        }

        var why = attributed.MetadataName is null
            ? "a nested or generic class is never generated."
            : "no *.asl.json file generates it.";
        output.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.TypesAttributeUnused,
            LocationOf(attributed.Location),
            "[StateMachineTypes] on '" + attributed.DisplayName + "' has no effect: " + why
                + " Put it on your half of a generated class: the class named after the .asl.json file (or its AslClassName), in the namespace of the file's folder."));
    }

    /// <summary>What <c>[StateMachineTypes]</c> on a class says (<see cref="ReadTypesAttribute"/>).</summary>
    /// <param name="Input">The InputType, or null.</param>
    /// <param name="Output">The OutputType, or null.</param>
    /// <param name="Broken">A side names a type that does not bind (C# reports it at the attribute).</param>
    /// <param name="Reference">Where the attribute is applied.</param>
    private sealed record AttributeTypes(ITypeSymbol? Input, ITypeSymbol? Output, bool Broken, SyntaxReference? Reference);

    /// <summary>What is to be reported at a class's <c>[StateMachineTypes]</c>.</summary>
    /// <param name="Conflict">A side named twice (ASL1009), or null.</param>
    /// <param name="Problem">An open generic type (ASL1005), or null.</param>
    /// <param name="Reference">Where the attribute is applied (null: no attribute).</param>
    private sealed record AttributeNote(string? Conflict, string? Problem, SyntaxReference? Reference)
    {
        public static readonly AttributeNote None = new(null, null, null);
    }
}
