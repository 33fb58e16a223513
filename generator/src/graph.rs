//! Directed graphs of spec names, and the one implementation of every question the pipeline
//! asks about them: strongly connected components, and cycles with the chain that closes them.
//!
//! Searches are iterative, so a spec with a chain of ten thousand schemas cannot overflow the
//! stack, and they visit nodes in the order they were added and successors in the order of
//! their edges, so the cycle an error message names is the same on every run.

use std::collections::{BTreeMap, BTreeSet};

/// A directed graph. Nodes are numbered in the order they are first mentioned; parallel
/// edges and self-loops are allowed.
#[derive(Clone, Debug)]
pub struct Graph<N> {
    nodes: Vec<N>,
    ids: BTreeMap<N, usize>,
    edges: Vec<Vec<usize>>,
}

impl<N> Default for Graph<N> {
    fn default() -> Self {
        Self {
            nodes: Vec::new(),
            ids: BTreeMap::new(),
            edges: Vec::new(),
        }
    }
}

/// Search state of one node in a depth-first search.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Unvisited,
    OnPath,
    Done,
}

/// Marks of a search: a flag per node when the search may visit the whole graph, a map when
/// it starts from one node and should cost only what it visits.
trait Marks {
    fn get(&self, node: usize) -> Mark;
    fn set(&mut self, node: usize, mark: Mark);
}

impl Marks for Vec<Mark> {
    fn get(&self, node: usize) -> Mark {
        self[node]
    }
    fn set(&mut self, node: usize, mark: Mark) {
        self[node] = mark;
    }
}

impl Marks for BTreeMap<usize, Mark> {
    fn get(&self, node: usize) -> Mark {
        self.get(&node).copied().unwrap_or(Mark::Unvisited)
    }
    fn set(&mut self, node: usize, mark: Mark) {
        self.insert(node, mark);
    }
}

impl<N: Ord + Clone> Graph<N> {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// A graph with the nodes and edges of `edges`, in their order.
    pub fn from_edges(edges: impl IntoIterator<Item = (N, N)>) -> Self {
        let mut graph = Self::new();
        for (from, to) in edges {
            graph.add_edge(&from, &to);
        }
        graph
    }

    /// Adds `node` if it is new; either way returns its number.
    pub fn add_node(&mut self, node: &N) -> usize {
        if let Some(&id) = self.ids.get(node) {
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(node.clone());
        self.ids.insert(node.clone(), id);
        self.edges.push(Vec::new());
        id
    }

    /// Adds an edge, and its ends if they are new.
    pub fn add_edge(&mut self, from: &N, to: &N) {
        let from = self.add_node(from);
        let to = self.add_node(to);
        self.edges[from].push(to);
    }

    /// Adds an edge from `from` to each of `targets`, and the nodes that are new.
    pub fn add_edges<'t>(&mut self, from: &N, targets: impl IntoIterator<Item = &'t N>)
    where
        N: 't,
    {
        let from = self.add_node(from);
        for to in targets {
            let to = self.add_node(to);
            self.edges[from].push(to);
        }
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the graph has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The nodes, in the order they were added.
    pub fn nodes(&self) -> &[N] {
        &self.nodes
    }

    /// The nodes `node` reaches, itself first, in depth-first preorder; empty when `node` is
    /// not in the graph.
    pub fn reachable(&self, node: &N) -> Vec<N> {
        let Some(&start) = self.ids.get(node) else {
            return Vec::new();
        };
        let mut seen = BTreeSet::from([start]);
        let mut order = vec![start];
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (at, ref mut next)) = path.last_mut() {
            let Some(&to) = self.edges[at].get(*next) else {
                path.pop();
                continue;
            };
            *next += 1;
            if seen.insert(to) {
                order.push(to);
                path.push((to, 0));
            }
        }
        self.names(order.into_iter())
    }

    /// The strongly connected components (Tarjan's algorithm).
    pub fn sccs(&self) -> Sccs<'_, N> {
        Sccs {
            graph: self,
            component: tarjan(&self.edges),
        }
    }

    /// Whether `node` lies on a cycle (a self-loop counts).
    pub fn is_cyclic(&self, node: &N) -> bool {
        self.cycle_through(node).is_some()
    }

    /// A chain from `node` back to itself (`[A, B, A]`; `[A, A]` for a self-loop), the first
    /// one a depth-first search meets; `None` when `node` is on no cycle.
    pub fn cycle_through(&self, node: &N) -> Option<Vec<N>> {
        let &start = self.ids.get(node)?;
        // A set rather than a flag per node: callers ask this of many nodes of a large graph,
        // and each search should cost what it visits.
        let mut seen = BTreeSet::from([start]);
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (at, ref mut next)) = path.last_mut() {
            let Some(&to) = self.edges[at].get(*next) else {
                path.pop();
                continue;
            };
            *next += 1;
            if to == start {
                let mut chain = self.names(path.iter().map(|&(n, _)| n));
                chain.push(self.nodes[start].clone());
                return Some(chain);
            }
            if seen.insert(to) {
                path.push((to, 0));
            }
        }
        None
    }

    /// The first cycle a depth-first search from `node` runs into, with the way there: the
    /// path from `node` up to the node that repeats, then that node again (`[A, B, C, B]`).
    /// `None` when no cycle can be reached from `node`.
    pub fn find_cycle_from(&self, node: &N) -> Option<Vec<N>> {
        let &start = self.ids.get(node)?;
        let mut marks = BTreeMap::new();
        self.search(start, &mut marks)
            .map(|(path, repeat)| self.lasso(&path, repeat))
    }

    /// The first cycle a depth-first search meets, starting from each node in the order they
    /// were added: only the loop, from the node that repeats back to it (`[B, C, B]`).
    pub fn find_cycle(&self) -> Option<Vec<N>> {
        let mut marks = vec![Mark::Unvisited; self.nodes.len()];
        for root in 0..self.nodes.len() {
            if marks[root] != Mark::Unvisited {
                continue;
            }
            if let Some((path, repeat)) = self.search(root, &mut marks) {
                let from = path.iter().position(|&n| n == repeat).unwrap_or(0);
                return Some(self.lasso(&path[from..], repeat));
            }
        }
        None
    }

    /// Depth-first search from `root` over nodes not yet `Done`; on the first edge back into
    /// the current path, that path and the node the edge returns to.
    fn search(&self, root: usize, marks: &mut impl Marks) -> Option<(Vec<usize>, usize)> {
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        marks.set(root, Mark::OnPath);
        while let Some(&mut (at, ref mut next)) = path.last_mut() {
            let Some(&to) = self.edges[at].get(*next) else {
                marks.set(at, Mark::Done);
                path.pop();
                continue;
            };
            *next += 1;
            match marks.get(to) {
                Mark::Unvisited => {
                    marks.set(to, Mark::OnPath);
                    path.push((to, 0));
                }
                Mark::OnPath => return Some((path.iter().map(|&(n, _)| n).collect(), to)),
                Mark::Done => {}
            }
        }
        None
    }

    fn lasso(&self, path: &[usize], repeat: usize) -> Vec<N> {
        let mut chain = self.names(path.iter().copied());
        chain.push(self.nodes[repeat].clone());
        chain
    }

    fn names(&self, ids: impl Iterator<Item = usize>) -> Vec<N> {
        ids.map(|id| self.nodes[id].clone()).collect()
    }
}

/// The strongly connected components of a [`Graph`]: nodes that can each reach the other.
#[derive(Debug)]
pub struct Sccs<'g, N> {
    graph: &'g Graph<N>,
    /// Component number of each node, by node number.
    component: Vec<usize>,
}

impl<N: Ord + Clone> Sccs<'_, N> {
    /// The component of `node`; components are numbered so that one never reaches a
    /// component with a higher number (reverse topological order).
    pub fn component(&self, node: &N) -> Option<usize> {
        self.graph.ids.get(node).map(|&id| self.component[id])
    }

    /// Whether `a` and `b` are both in the graph and each reaches the other, so that an edge
    /// between them closes a cycle.
    pub fn same(&self, a: &N, b: &N) -> bool {
        match (self.component(a), self.component(b)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    /// The components, in component order, each listing its nodes in the order they were
    /// added to the graph.
    pub fn groups(&self) -> Vec<Vec<N>> {
        let count = self.component.iter().max().map_or(0, |&c| c + 1);
        let mut groups = vec![Vec::new(); count];
        for (id, &c) in self.component.iter().enumerate() {
            groups[c].push(self.graph.nodes[id].clone());
        }
        groups
    }
}

/// Component number of each node (Tarjan, iterative so deep graphs cannot overflow the stack).
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*child) {
                *child += 1;
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&'static str, &'static str)]) -> Graph<&'static str> {
        Graph::from_edges(edges.iter().copied())
    }

    #[test]
    fn components_group_mutual_reach_only() {
        // A ⇄ B is a cycle, C → C a self-loop, D → A reaches the cycle but is not on it.
        let g = graph(&[("A", "B"), ("B", "A"), ("C", "C"), ("D", "A")]);
        let sccs = g.sccs();
        assert_eq!(sccs.groups(), vec![vec!["A", "B"], vec!["C"], vec!["D"]]);
        assert!(sccs.same(&"A", &"B"));
        assert!(sccs.same(&"C", &"C"));
        assert!(!sccs.same(&"D", &"A"));
        assert!(!sccs.same(&"A", &"Z"));
        assert_eq!(sccs.component(&"Z"), None);
    }

    #[test]
    fn components_come_in_reverse_topological_order() {
        let g = graph(&[("A", "B"), ("B", "C"), ("C", "B"), ("C", "D")]);
        assert_eq!(
            g.sccs().groups(),
            vec![vec!["D"], vec!["B", "C"], vec!["A"]]
        );
    }

    #[test]
    fn cyclic_means_on_a_cycle_not_reaching_one() {
        let g = graph(&[("A", "B"), ("B", "A"), ("C", "C"), ("D", "A"), ("E", "F")]);
        let cyclic: Vec<&str> = g
            .nodes()
            .iter()
            .copied()
            .filter(|n| g.is_cyclic(n))
            .collect();
        assert_eq!(cyclic, ["A", "B", "C"]);
        assert!(!g.is_cyclic(&"missing"));
    }

    #[test]
    fn cycle_through_names_the_chain_back_to_the_node() {
        let g = graph(&[("A", "X"), ("A", "B"), ("B", "C"), ("C", "A"), ("C", "B")]);
        assert_eq!(g.cycle_through(&"A"), Some(vec!["A", "B", "C", "A"]));
        assert_eq!(g.cycle_through(&"C"), Some(vec!["C", "A", "B", "C"]));
        assert_eq!(g.cycle_through(&"X"), None);
        assert_eq!(
            graph(&[("S", "S")]).cycle_through(&"S"),
            Some(vec!["S", "S"])
        );
    }

    #[test]
    fn cycle_from_a_node_includes_the_way_in() {
        let g = graph(&[("A", "B"), ("B", "C"), ("C", "B"), ("D", "E")]);
        assert_eq!(g.find_cycle_from(&"A"), Some(vec!["A", "B", "C", "B"]));
        assert_eq!(g.find_cycle_from(&"C"), Some(vec!["C", "B", "C"]));
        assert_eq!(g.find_cycle_from(&"D"), None);
        assert_eq!(g.find_cycle_from(&"missing"), None);
    }

    #[test]
    fn first_cycle_follows_node_then_edge_order() {
        // From A the search takes A → B first (B is a dead end), then A → C → D → C.
        let g = graph(&[("A", "B"), ("A", "C"), ("C", "D"), ("D", "C"), ("E", "E")]);
        assert_eq!(g.find_cycle(), Some(vec!["C", "D", "C"]));
        // Nodes done in an earlier search are not searched again.
        let g = graph(&[("A", "B"), ("C", "B"), ("C", "C")]);
        assert_eq!(g.find_cycle(), Some(vec!["C", "C"]));
        assert_eq!(graph(&[("A", "B"), ("B", "C")]).find_cycle(), None);
        assert_eq!(Graph::<&str>::new().find_cycle(), None);
    }

    #[test]
    fn reachable_lists_depth_first_preorder() {
        let g = graph(&[
            ("A", "B"),
            ("B", "D"),
            ("A", "C"),
            ("C", "B"),
            ("D", "A"),
            ("E", "A"),
        ]);
        assert_eq!(g.reachable(&"A"), ["A", "B", "D", "C"]);
        assert_eq!(g.reachable(&"C"), ["C", "B", "D", "A"]);
        assert!(g.reachable(&"missing").is_empty());
    }

    #[test]
    fn long_chains_do_not_overflow_the_stack() {
        let n = 200_000;
        let mut g = Graph::new();
        for i in 0..n {
            g.add_edges(&i, [&(i + 1)]);
        }
        g.add_edge(&n, &0);
        assert!(g.is_cyclic(&0));
        assert_eq!(g.sccs().groups().len(), 1);
        assert_eq!(g.find_cycle().map(|c| c.len()), Some(n + 2));
        assert_eq!(g.reachable(&0).len(), n + 1);
    }
}
