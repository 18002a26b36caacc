package org.certhub.reload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.OutputNode;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a route file into route definitions without touching the running routes, and checks them against what runs:
 * explicit and unique route ids, endpoints that resolve, {@code direct:} targets and beans that exist.
 */
final class RouteFileCheck {

    /** A route file that cannot be read at all. */
    static final class UnreadableRouteFile extends RuntimeException {
        UnreadableRouteFile(String message) {
            super(message);
        }
    }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final CamelContext camel;
    private final Set<String> requiredEndpoints;

    RouteFileCheck(CamelContext camel, Collection<String> requiredEndpoints) {
        this.camel = camel;
        this.requiredEndpoints = new TreeSet<>(requiredEndpoints);
    }

    /**
     * The routes the content defines; nothing is added to the context.
     *
     * @param location where the content comes from, {@code file:routes/x.yaml}: it names the file in errors
     */
    List<RouteDefinition> parse(String location, String content) {
        JsonNode tree;
        try {
            tree = YAML.readTree(content);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            if (e.getLocation() != null && !message.contains("line")) {
                message += " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
            }
            throw new UnreadableRouteFile("YAML 无法解析 (the YAML does not parse): " + message);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return List.of();
        }
        if (!tree.isArray()) {
            throw new UnreadableRouteFile("路由文件须是一个列表 (a route file is a list of `- route:` items)");
        }
        for (int i = 0; i < tree.size(); i++) {
            JsonNode item = tree.get(i);
            var keys = item.isObject() ? item.propertyNames() : List.<String>of();
            // beans, route configurations, templates and REST definitions change the context as they are read:
            // they are only taken at start-up
            if (keys.size() != 1 || !keys.contains("route")) {
                throw new UnreadableRouteFile("第 " + (i + 1) + " 项不是 route，运行中只能重新加载 route (item "
                        + (i + 1) + " is " + keys + ": only `route` items are reloaded while the hub runs; "
                        + "restart the hub to take other items)");
            }
        }
        try {
            var routes = new ArrayList<RouteDefinition>();
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel)
                    .findRoutesBuilders(ResourceHelper.fromString(location, content))) {
                if (!(builder instanceof RouteBuilder routeBuilder)) {
                    throw new UnreadableRouteFile(
                            "unexpected routes builder " + builder.getClass().getName());
                }
                routes.addAll(routeBuilder.configureRoutes(camel).getRoutes());
            }
            return routes;
        } catch (UnreadableRouteFile e) {
            throw e;
        } catch (Exception e) {
            throw new UnreadableRouteFile("路由无法读取 (the routes cannot be read): " + e.getMessage());
        }
    }

    /**
     * What is wrong with running {@code routes} in place of the routes {@code replaced} (the file's current routes);
     * empty when nothing is.
     */
    List<String> problems(List<RouteDefinition> routes, Set<String> replaced) {
        var problems = new ArrayList<String>();
        List<RouteDefinition> others =
                camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                        .filter(r -> !replaced.contains(r.getRouteId()))
                        .toList();
        var otherIds = new TreeSet<String>();
        others.forEach(r -> otherIds.add(r.getRouteId()));
        camel.getRoutes().stream()
                .map(org.apache.camel.Route::getRouteId)
                .filter(id -> !replaced.contains(id))
                .forEach(otherIds::add);
        var ids = new TreeSet<String>();
        for (RouteDefinition route : routes) {
            String id = route.getRouteId();
            if (id == null || !route.hasCustomIdAssigned()) {
                problems.add("路由须有 id (every route needs an id; from "
                        + route.getInput().getEndpointUri() + ")");
            } else if (!ids.add(id)) {
                problems.add("路由 id " + id + " 在文件中重复 (route id " + id + " is used twice in the file)");
            } else if (otherIds.contains(id)) {
                problems.add("路由 id " + id + " 已被其他路由使用 (route id " + id + " is already used by another route"
                        + sourceOf(others, id) + ")");
            }
        }
        for (RouteDefinition route : routes) {
            checkEndpoints(route, problems);
        }
        checkDirectEndpoints(routes, others, replaced, problems);
        return problems;
    }

    private static String sourceOf(List<RouteDefinition> routes, String id) {
        return routes.stream()
                .filter(r -> id.equals(r.getRouteId()) && r.getResource() != null)
                .map(r -> " in " + r.getResource().getLocation())
                .findFirst()
                .orElse("");
    }

    private void checkEndpoints(RouteDefinition route, List<String> problems) {
        String name = route.getRouteId() != null
                ? route.getRouteId()
                : route.getInput().getEndpointUri();
        String where = "路由 " + name + " (route " + name + "): ";
        checkUri(route.getInput().getEndpointUri(), where, problems);
        for (Object step : steps(route)) {
            if (step instanceof EndpointRequiredDefinition e) {
                checkUri(e.getEndpointUri(), where, problems);
            } else if (step instanceof ToDynamicDefinition d && d.getUri() != null) {
                // a dynamic URI is resolved per message; its component must exist already
                String uri = d.getUri();
                int colon = uri.indexOf(':');
                if (colon > 0 && !uri.substring(0, colon).contains("${") && !uri.contains("{{")) {
                    checkComponent(uri.substring(0, colon), where, problems);
                }
            } else if (step instanceof BeanDefinition b) {
                checkBean(b.getRef(), b.getMethod(), b.getBeanType(), where, problems);
            } else if (step instanceof ProcessDefinition p && p.getRef() != null) {
                checkBean(p.getRef(), null, null, where, problems);
            }
        }
    }

    private void checkUri(String uri, String where, List<String> problems) {
        if (uri == null) {
            return;
        }
        String resolved;
        try {
            resolved = camel.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException e) {
            problems.add(where + uri + ": " + e.getMessage());
            return;
        }
        int colon = resolved.indexOf(':');
        if (colon <= 0) {
            problems.add(where + "端点 URI 无效 (not an endpoint URI): " + uri);
            return;
        }
        String scheme = resolved.substring(0, colon);
        Component component = checkComponent(scheme, where, problems);
        if (component == null) {
            return;
        }
        if ("bean".equals(scheme)) {
            String name = remainder(resolved);
            checkBean(name, null, null, where, problems);
        }
        try {
            // created to check its options, never registered nor started: no consumer runs
            component.createEndpoint(resolved);
        } catch (Exception e) {
            problems.add(where + "端点无法解析 (endpoint does not resolve) " + uri + ": " + e.getMessage());
        }
    }

    private Component checkComponent(String scheme, String where, List<String> problems) {
        Component component;
        try {
            component = camel.getComponent(scheme, true, true);
        } catch (RuntimeException e) {
            component = null;
        }
        if (component == null) {
            problems.add(
                    where + "未知组件 (unknown component) " + scheme + ": the hub has no Camel component of that name");
        }
        return component;
    }

    private void checkBean(String ref, String method, String type, String where, List<String> problems) {
        if (type != null) {
            if (camel.getClassResolver().resolveClass(type) == null) {
                problems.add(where + "类不存在 (no class) " + type);
            }
            return;
        }
        if (ref == null) {
            return;
        }
        Object bean = camel.getRegistry().lookupByName(ref);
        if (bean == null) {
            problems.add(where + "bean " + ref + " 不存在 (no bean named " + ref + ")");
            return;
        }
        if (method != null) {
            String name = method.contains("(")
                    ? method.substring(0, method.indexOf('(')).strip()
                    : method;
            if (Arrays.stream(bean.getClass().getMethods())
                    .noneMatch(m -> m.getName().equals(name))) {
                problems.add(
                        where + "bean " + ref + " 没有方法 " + name + " (bean " + ref + " has no method " + name + ")");
            }
        }
    }

    /**
     * Every {@code direct:} endpoint sent to must have a route reading it, after the change: in this file, or in
     * the others; and an endpoint that the hub's code sends to must stay.
     */
    private void checkDirectEndpoints(
            List<RouteDefinition> routes, List<RouteDefinition> others, Set<String> replaced, List<String> problems) {
        var consumed = new TreeSet<String>();
        routes.forEach(r -> direct(r.getInput().getEndpointUri()).ifPresent(consumed::add));
        others.forEach(r -> direct(r.getInput().getEndpointUri()).ifPresent(consumed::add));
        for (RouteDefinition route : routes) {
            for (String target : directTargets(route)) {
                if (!consumed.contains(target)) {
                    problems.add("路由 " + route.getRouteId() + " 发往 direct:" + target + "，但没有路由读取它 (route "
                            + route.getRouteId() + " sends to direct:" + target + ", which no route reads)");
                }
            }
        }
        for (RouteDefinition other : others) {
            for (String target : directTargets(other)) {
                if (!consumed.contains(target)) {
                    problems.add("direct:" + target + " 仍被路由 " + other.getRouteId() + " 使用 (route "
                            + other.getRouteId() + sourceOf(others, other.getRouteId()) + " still sends to direct:"
                            + target + ", which this file no longer provides)");
                }
            }
        }
        var before = new TreeSet<String>();
        camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                .filter(r -> replaced.contains(r.getRouteId()))
                .forEach(r -> direct(r.getInput().getEndpointUri()).ifPresent(before::add));
        for (String required : requiredEndpoints) {
            direct(required)
                    .filter(before::contains)
                    .filter(t -> !consumed.contains(t))
                    .ifPresent(
                            t -> problems.add("direct:" + t + " 是中心自身代码使用的端点，不能移除 (the hub's own code sends to direct:"
                                    + t + "; a route must keep reading it)"));
        }
    }

    /** The {@code direct:} endpoint names a route sends to. */
    static Set<String> directTargets(RouteDefinition route) {
        var targets = new LinkedHashSet<String>();
        for (Object step : steps(route)) {
            if (step instanceof EndpointRequiredDefinition e) {
                direct(e.getEndpointUri()).ifPresent(targets::add);
            }
        }
        return targets;
    }

    static java.util.Optional<String> direct(String uri) {
        if (uri == null || !uri.startsWith("direct:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(remainder(uri));
    }

    private static String remainder(String uri) {
        String rest = uri.substring(uri.indexOf(':') + 1);
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    /** Every step of a route, nested ones (split, doTry and its doCatch, choice ...) included. */
    static List<Object> steps(RouteDefinition route) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        var steps = new ArrayList<Object>();
        collect(route.getOutputs(), seen, steps);
        return steps;
    }

    private static void collect(List<?> outputs, Set<Object> seen, List<Object> steps) {
        if (outputs == null) {
            return;
        }
        for (Object step : outputs) {
            if (!seen.add(step)) {
                continue;
            }
            steps.add(step);
            if (step instanceof OutputNode node) {
                collect(node.getOutputs(), seen, steps);
            } else if (step instanceof ProcessorDefinition<?> p) {
                collect(p.getOutputs(), seen, steps);
            }
            if (step instanceof TryDefinition t) {
                collect(t.getCatchClauses(), seen, steps);
                if (t.getFinallyClause() != null) {
                    collect(List.of(t.getFinallyClause()), seen, steps);
                }
            } else if (step instanceof ChoiceDefinition c) {
                collect(c.getWhenClauses(), seen, steps);
                collectBlock(c.getOtherwise(), seen, steps);
            } else if (step instanceof CircuitBreakerDefinition b) {
                collectBlock(b.getOnFallback(), seen, steps);
            }
        }
    }

    private static void collectBlock(OutputNode block, Set<Object> seen, List<Object> steps) {
        if (block != null) {
            collect(block.getOutputs(), seen, steps);
        }
    }

    /**
     * The order to stop routes in so that an exchange in flight can still reach the routes it sends to: a route that
     * sends to {@code direct:x} stops before the route that reads {@code direct:x}.
     */
    static List<String> stopOrder(List<RouteDefinition> routes) {
        Map<String, RouteDefinition> byDirect = new TreeMap<>();
        routes.forEach(r -> direct(r.getInput().getEndpointUri()).ifPresent(d -> byDirect.put(d, r)));
        var order = new ArrayList<String>();
        var visiting = new java.util.HashSet<String>();
        for (RouteDefinition route : routes) {
            visit(route, byDirect, order, visiting);
        }
        Collections.reverse(order);
        return order;
    }

    private static void visit(
            RouteDefinition route, Map<String, RouteDefinition> byDirect, List<String> order, Set<String> visiting) {
        String id = route.getRouteId();
        if (order.contains(id) || !visiting.add(id)) {
            return;
        }
        for (String target : directTargets(route)) {
            RouteDefinition next = byDirect.get(target);
            if (next != null) {
                visit(next, byDirect, order, visiting);
            }
        }
        order.add(id);
    }
}
